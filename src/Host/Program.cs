using PluggableDmaBuf.Host.Cli;

return Pdmabuf.Run(args, CliContext.ForProcess());
