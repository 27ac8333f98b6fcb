"""The partner registry pages, one module per concept; partners/urls.py maps them."""
