from cfncheck.cli import main

main()
