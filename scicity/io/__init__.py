"""Files in and out: exports (CSV, Excel, JSON), geodata, uploads, matrix CSV, writers."""
