// Placeholder: the CLI lands with issue 3.
