"""Small data sets generated offline (nothing is downloaded at run time)."""
