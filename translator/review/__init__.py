"""The review workspace: corrections kept across runs, reviewed marks, and the local web app."""
