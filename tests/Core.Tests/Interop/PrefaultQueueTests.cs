using PluggableDmaBuf.Core.Storage;
using PluggableDmaBuf.Core.Tests.Storage;

namespace PluggableDmaBuf.Core.Tests.Interop;

/// <summary>
/// Prefaulting runs one mapping at a time: every mapping asked for while another is being made ready is
/// made ready too, from threads racing each other, and one released before its turn is skipped and unmapped.
/// </summary>
public sealed class PrefaultQueueTests
{
    private const int Size = 1 << 20;

    [Fact]
    public void Every_storage_created_at_once_becomes_resident_and_released_ones_are_unmapped()
    {
        var names = Enumerable.Range(0, 12).Select(i => ProcSelf.UniqueName($"queued{i}")).ToArray();
        var storages = new MemfdStorage[names.Length];
        Parallel.For(0, names.Length, i => storages[i] = MemfdStorage.Create(names[i], Size, prefault: true));
        var kept = Enumerable.Range(0, names.Length).Where(i => i % 4 != 0).ToArray();
        var released = Enumerable.Range(0, names.Length).Except(kept).ToArray();
        try
        {
            foreach (var i in released)
            {
                storages[i].Release();
            }

            SpinWait.SpinUntil(() => kept.All(i => ProcSelf.ResidentKiB(names[i]) >= Size / 1024) && released.All(i => ProcSelf.Mappings(names[i]) == 0),
                TimeSpan.FromSeconds(20));

            Assert.All(kept, i => Assert.Equal(Size / 1024, ProcSelf.ResidentKiB(names[i])));
            Assert.All(released, i => Assert.Equal(0, ProcSelf.Mappings(names[i])));
        }
        finally
        {
            foreach (var i in kept)
            {
                storages[i].Release();
            }
        }
    }
}
