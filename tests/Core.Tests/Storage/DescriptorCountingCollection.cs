namespace PluggableDmaBuf.Core.Tests.Storage;

/// <summary>Tests that count this process's open descriptors run alone: a test running beside them would open files of its own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DescriptorCountingCollection
{
    public const string Name = "descriptor counting";
}
