using PluggableDmaBuf.Host.Cli;

// First, before anything can take long: from here on a signal interrupts the command cleanly.
using var signals = new ProcessSignals();
return Pdmabuf.Run(args, CliContext.ForProcess(signals.Interrupted));
