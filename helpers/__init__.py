"""Importable machinery behind the workbook's notebooks: the IAM policy evaluator and the sandbox."""
