using PluggableDmaBuf.Host.Cli;
using PluggableDmaBuf.Host.Hosting;

var timeline = StartupTimeline.SinceProcessStart();
// First, before anything can take long: from here on a signal interrupts the command cleanly.
using var signals = new ProcessSignals();
return Pdmabuf.Run(args, CliContext.ForProcess(signals.Interrupted, timeline));
