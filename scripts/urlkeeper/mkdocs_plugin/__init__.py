"""The MkDocs adapter: the only part of urlkeeper that imports MkDocs."""
