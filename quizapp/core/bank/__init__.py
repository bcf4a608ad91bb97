"""Reading the bank: YAML with positions, quiz files validated, problems at their place."""
