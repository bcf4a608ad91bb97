"""The app's screens: home, quiz, results, bank problems, help and confirmation."""
