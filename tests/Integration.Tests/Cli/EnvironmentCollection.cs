namespace PluggableDmaBuf.Integration.Tests.Cli;

/// <summary>Tests that set PDMABUF_ environment variables, which every in-process run would see: run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "environment variables";
}
