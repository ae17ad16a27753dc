"""The Tk windows (guided stretch, statistics, settings, control), each run as its own short-lived process."""
