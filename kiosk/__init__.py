"""The owners' touchscreen pages (NiceGUI) and the phone status pages."""
