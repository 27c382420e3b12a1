namespace PluggableDmaBuf.Core.Storage;

/// <summary>Creates the storage of the configured <see cref="StorageKind"/>.</summary>
internal static class StorageFactory
{
    /// <summary>The kind <paramref name="requested"/> resolves to on this operating system.</summary>
    /// <exception cref="PlatformNotSupportedException">Memfd storage was asked for outside Linux.</exception>
    public static StorageKind Resolve(StorageKind requested) => requested switch
    {
        StorageKind.Auto => OperatingSystem.IsLinux() ? StorageKind.Memfd : StorageKind.NativeMemory,
        StorageKind.Memfd when !OperatingSystem.IsLinux() => throw new PlatformNotSupportedException("memfd storage needs Linux"),
        _ => requested,
    };

    /// <summary>Creates zeroed storage of <paramref name="length"/> bytes for the buffer named <paramref name="name"/>; <paramref name="prefault"/>: see <see cref="Buffers.DmaBufCoreOptions.PrefaultStorage"/>.</summary>
    public static BufferStorage Create(StorageKind kind, string name, long length, bool prefault = false) => kind switch
    {
        StorageKind.Memfd => MemfdStorage.Create(name, length, prefault),
        StorageKind.NativeMemory => NativeStorage.Create(name, length),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "resolve the kind first"),
    };
}
