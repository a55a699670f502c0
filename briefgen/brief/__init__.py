"""What a brief is: its models, scales, index of references, JSON Schema and scaffold."""
