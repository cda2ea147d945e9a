// Minimal root: subcommands only. Kept free of Dispatch handlers (top-level code is @MainActor here).
AmpereCommand.main()
