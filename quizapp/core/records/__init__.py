"""Records: the attempt database, history, item analysis, submissions and exports."""
