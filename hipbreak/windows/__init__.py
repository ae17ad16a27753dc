"""Small Tk windows that run as their own short-lived processes."""
