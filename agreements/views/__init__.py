"""The agreement pages, one module per concept; agreements/urls.py maps them."""
