"""The improvement loop: evaluation now; feedback, annotation, A/B and fine-tuning later."""
