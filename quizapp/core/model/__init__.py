"""The question model: pydantic classes for every question type, quiz files and parameters."""
