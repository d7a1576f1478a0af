from coach.cli.main import main

main()
