from inspector_desktop.cli import main

raise SystemExit(main())
