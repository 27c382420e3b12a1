namespace PluggableDmaBuf.Core.Storage;

/// <summary>Where the bytes of buffers live.</summary>
public enum StorageKind
{
    /// <summary>A sealed <c>memfd</c> on Linux, native memory elsewhere.</summary>
    Auto,

    /// <summary>
    /// A <c>memfd</c> per buffer, sized with <c>ftruncate</c>, sealed against shrinking and growing
    /// and mapped shared into the process, so that it can later be passed to another process.
    /// Linux only.
    /// </summary>
    Memfd,

    /// <summary>Page-aligned native memory, zeroed on allocation.</summary>
    NativeMemory,
}
