using PluggableDmaBuf.Core.Storage;

namespace PluggableDmaBuf.Core.Tests.Storage;

/// <summary>With prefault, a memfd's pages become resident without anyone touching them; without it, only touched pages are.</summary>
public sealed class MemfdPrefaultTests
{
    private const int Size = 4 << 20;

    [Fact]
    public void Prefaulted_storage_becomes_resident_untouched()
    {
        var name = ProcSelf.UniqueName("prefault");
        var storage = MemfdStorage.Create(name, Size, prefault: true);
        try
        {
            // The population runs on a thread-pool thread: bounded polling, never a fixed sleep.
            SpinWait.SpinUntil(() => ProcSelf.ResidentKiB(name) >= Size / 1024, TimeSpan.FromSeconds(20));

            Assert.Equal(Size / 1024, ProcSelf.ResidentKiB(name));
            Assert.True(storage.Span(0, Size).IndexOfAnyExcept((byte)0) < 0, "prefaulted pages must read as zero");
        }
        finally
        {
            storage.Release();
        }
    }

    [Fact]
    public void Storage_without_prefault_has_only_its_touched_pages_resident()
    {
        var name = ProcSelf.UniqueName("lazy");
        var storage = MemfdStorage.Create(name, Size);
        try
        {
            storage.Span(0, 1)[0] = 1;
            storage.Span(Size - 4096, 1)[0] = 1;

            Assert.Equal(8, ProcSelf.ResidentKiB(name));
        }
        finally
        {
            storage.Release();
        }
    }

    [Fact]
    public void Storage_released_before_its_prefault_ran_is_unmapped_all_the_same()
    {
        var name = ProcSelf.UniqueName("released");
        var storage = MemfdStorage.Create(name, Size, prefault: true);
        storage.Release();

        SpinWait.SpinUntil(() => ProcSelf.Mappings(name) == 0, TimeSpan.FromSeconds(20));

        Assert.Equal(0, ProcSelf.Mappings(name));
    }
}
