"""The ``scicity`` command line (``main``), its subcommands and the app launcher (``serve``)."""
