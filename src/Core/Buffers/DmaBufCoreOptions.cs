using PluggableDmaBuf.Core.Storage;

namespace PluggableDmaBuf.Core.Buffers;

/// <summary>
/// Settings of a <see cref="DmaBufCore"/>, bound from the <see cref="Section"/> configuration section
/// by the host (<c>Core:Strict</c>, <c>Core:TrackLeaks</c>, …) or set by
/// <c>AddDmaBufCore(o =&gt; …)</c>. The core takes a copy when it is built: changing an instance
/// afterwards does not change a running core.
/// </summary>
public sealed class DmaBufCoreOptions
{
    /// <summary>The configuration section the host binds these settings from.</summary>
    public const string Section = "Core";

    /// <summary>Where the bytes live. Default: a sealed memfd on Linux, native memory elsewhere.</summary>
    public StorageKind Storage { get; set; } = StorageKind.Auto;

    /// <summary>
    /// Strict CPU access: a <see cref="Memory{T}"/> taken from a CPU access or view throws once the
    /// access ended, and a read-only access refuses writable spans. Costs an allocation per CPU access
    /// that asks for a <see cref="Memory{T}"/>; the device path (attach, map) is the same either way,
    /// and a detached or unmapped handle fails in every mode. Default: on, in every build.
    /// </summary>
    public bool Strict { get; set; } = true;

    /// <summary>Records where each buffer was exported (a stack trace per export), for leak reports. Default: off, in every build.</summary>
    public bool TrackLeaks { get; set; }

    /// <summary>
    /// Whether memfd storage has its pages made ready in the background as soon as it is created (the
    /// kernel faults them in writable on a thread-pool thread, as first writes would, without writing),
    /// so that the first frames written into a new buffer do not stop at every page. For buffers that
    /// are written soon, as a pipeline's are; the memory is committed at once rather than as it is
    /// touched. Native-memory storage is not affected. Default: off (in the host too: measured, it made short jobs slower).
    /// </summary>
    public bool PrefaultStorage { get; set; }

    /// <summary>What a late attach that cannot reach the buffer does. Default: <see cref="LateAttachPolicy.Migrate"/>.</summary>
    public LateAttachPolicy LateAttach { get; set; } = LateAttachPolicy.Migrate;

    /// <summary>Whether a device without IOMMU whose mask cannot reach a buffer gets a bounce buffer (default) or is refused.</summary>
    public bool BounceBuffers { get; set; } = true;

    /// <summary>How long CPU access begin waits for the reservation's fences before failing with <see cref="FenceTimeoutException"/> (invariant 10). Default: <see cref="FenceTimeouts.Default"/>.</summary>
    public TimeSpan FenceTimeout { get; set; } = FenceTimeouts.Default;

    /// <summary>How long a map waits for the active mappings to end before a pending migration. Default: 5 s.</summary>
    public TimeSpan MigrationWaitTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A copy, so that the core's settings cannot change under it.</summary>
    internal DmaBufCoreOptions Snapshot() => (DmaBufCoreOptions)MemberwiseClone();
}
