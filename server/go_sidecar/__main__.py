from go_sidecar.cli import main

if __name__ == "__main__":  # `python -m go_sidecar`; importing the module (tools, docs) runs nothing
    raise SystemExit(main())
