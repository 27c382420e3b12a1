using System.Runtime.CompilerServices;
using PluggableDmaBuf.Core.Storage;

namespace PluggableDmaBuf.Core.Tests.Storage;

/// <summary>
/// The memfd and every mapping of it are released on every path: an explicit release, storage
/// dropped without one (the safe handles' finalisers), and a creation that fails part-way.
/// </summary>
[Collection(DescriptorCountingCollection.Name)]
public sealed unsafe class MemfdReleaseTests
{
    [Fact]
    public void Release_unmaps_the_storage_and_every_alias_still_mapped()
    {
        var name = ProcSelf.UniqueName("aliases");
        var storage = MemfdStorage.Create(name, 8192);
        var kept = storage.MapAlias();
        var returned = storage.MapAlias();
        storage.UnmapAlias(returned);
        Assert.True(kept != null);
        Assert.Equal(2, ProcSelf.Mappings(name));

        storage.Release();

        Assert.Equal(0, ProcSelf.Mappings(name));
        Assert.Empty(ProcSelf.Descriptors(name));
    }

    [Fact]
    public void Storage_dropped_without_a_release_is_closed_and_unmapped_by_the_finalisers()
    {
        var name = ProcSelf.UniqueName("dropped");
        CreateAndDrop(name);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.Empty(ProcSelf.Descriptors(name));
        Assert.Equal(0, ProcSelf.Mappings(name));
    }

    [Fact]
    public void A_failed_mmap_after_memfd_create_closes_the_descriptor()
    {
        var name = ProcSelf.UniqueName("huge");
        var before = ProcSelf.OpenDescriptors();

        // 4 EiB: ftruncate and the seals accept it (the file is sparse); no address space can map it.
        var e = Assert.Throws<BufferStorageException>(() => MemfdStorage.Create(name, 1L << 62));

        Assert.Contains("mmap failed for 4611686018427387904 bytes", e.Message, StringComparison.Ordinal);
        Assert.Empty(ProcSelf.Descriptors(name));
        Assert.Equal(before, ProcSelf.OpenDescriptors());
    }

    [Fact]
    public void A_failed_ftruncate_closes_the_descriptor()
    {
        var name = ProcSelf.UniqueName("negative");
        var before = ProcSelf.OpenDescriptors();

        var e = Assert.Throws<BufferStorageException>(() => MemfdStorage.Create(name, -4096));

        Assert.Contains("ftruncate failed", e.Message, StringComparison.Ordinal);
        Assert.Contains("(errno 22)", e.Message, StringComparison.Ordinal);
        Assert.Empty(ProcSelf.Descriptors(name));
        Assert.Equal(before, ProcSelf.OpenDescriptors());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CreateAndDrop(string name)
    {
        var storage = MemfdStorage.Create(name, 8192);
        storage.Span(0, 1)[0] = 1;
        _ = storage.MapAlias();
        Assert.Single(ProcSelf.Descriptors(name));
        Assert.Equal(2, ProcSelf.Mappings(name));
    }
}
