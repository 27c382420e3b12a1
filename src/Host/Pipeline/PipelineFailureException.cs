namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>A stage failed with an error that is not one of the framework's (a bug in a plugin, an I/O error): exit code 1.</summary>
internal sealed class PipelineFailureException(string message, Exception inner) : DmaBufException(message, inner);
