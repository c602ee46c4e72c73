from . import cli_main

cli_main()
