using PluggableDmaBuf.Core.Storage;

namespace PluggableDmaBuf.Core.Tests.Storage;

public sealed unsafe class NativeStorageTests
{
    [Fact]
    public void Native_storage_is_page_aligned_zeroed_and_released_once()
    {
        var storage = NativeStorage.Create("native", 3 * 4096);

        Assert.Equal(0, (long)storage.Pointer % 4096);
        Assert.True(storage.Span(0, 3 * 4096).IndexOfAnyExcept((byte)0) < 0);
        storage.Memory(100, 10).Span.Fill(7);
        Assert.Equal(7, storage.Span(109, 1)[0]);

        storage.Release();
        storage.Release();
        Assert.Throws<ObjectDisposedException>(() => storage.Memory(0, 1));
    }

    [Fact]
    public void Copying_moves_every_byte()
    {
        var from = NativeStorage.Create("from", 8192);
        var to = StorageFactory.Create(StorageFactory.Resolve(StorageKind.Auto), "to", 8192);
        try
        {
            Random.Shared.NextBytes(from.Span(0, 8192));
            from.CopyTo(to, 8192);
            Assert.True(from.Span(0, 8192).SequenceEqual(to.Span(0, 8192)));
        }
        finally
        {
            from.Release();
            to.Release();
        }
    }
}
