// Placeholder: the extension client lands with issue 3.
