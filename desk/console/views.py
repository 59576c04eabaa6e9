"""Front door: thin views over services and selectors."""
