from go_sidecar.cli import main

raise SystemExit(main())
