// Placeholder: the language server lands with issue 3.
