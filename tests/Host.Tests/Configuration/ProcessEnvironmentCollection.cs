namespace PluggableDmaBuf.Host.Tests.Configuration;

/// <summary>Tests that set <c>PDMABUF_…</c> environment variables run alone: every host built meanwhile would read them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}
