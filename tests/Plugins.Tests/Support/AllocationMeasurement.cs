namespace PluggableDmaBuf.Plugins.Tests.Support;

/// <summary>Tests that count allocations process-wide run in this collection, alone, so other tests' allocations do not count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasurement
{
    public const string Name = "Allocation measurement";
}
