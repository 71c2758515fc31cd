"""Safety: input and output filters, PII masking (docs/security.md)."""
