from socialmaturity.cli import main

raise SystemExit(main())
