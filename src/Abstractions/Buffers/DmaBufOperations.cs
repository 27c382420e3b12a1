namespace PluggableDmaBuf;

/// <summary>
/// The callbacks a <see cref="DmaBufExporter"/> provides, Linux's <c>dma_buf_ops</c> as a set.
/// <see cref="Map"/>, <see cref="Unmap"/> and <see cref="Release"/> are required (<see cref="IDmaBuf">lifecycle invariant</see> 1);
/// the framework calls an optional callback only when the exporter declares it.
/// </summary>
[Flags]
public enum DmaBufOperations
{
    /// <summary>No callback.</summary>
    None = 0,

    /// <summary><see cref="DmaBufExporter.Map"/> (required).</summary>
    Map = 1 << 0,

    /// <summary><see cref="DmaBufExporter.Unmap"/> (required).</summary>
    Unmap = 1 << 1,

    /// <summary><see cref="DmaBufExporter.Release"/> (required).</summary>
    Release = 1 << 2,

    /// <summary><see cref="DmaBufExporter.Attach"/>.</summary>
    Attach = 1 << 3,

    /// <summary><see cref="DmaBufExporter.Detach"/>.</summary>
    Detach = 1 << 4,

    /// <summary><see cref="DmaBufExporter.BeginCpuAccess"/>.</summary>
    BeginCpuAccess = 1 << 5,

    /// <summary><see cref="DmaBufExporter.EndCpuAccess"/>.</summary>
    EndCpuAccess = 1 << 6,

    /// <summary><see cref="DmaBufExporter.Vmap"/>.</summary>
    Vmap = 1 << 7,

    /// <summary><see cref="DmaBufExporter.Vunmap"/>.</summary>
    Vunmap = 1 << 8,

    /// <summary><see cref="DmaBufExporter.Mmap"/>.</summary>
    Mmap = 1 << 9,

    /// <summary>The callbacks every exporter must provide.</summary>
    Required = Map | Unmap | Release,

    /// <summary>Every callback.</summary>
    All = Required | Attach | Detach | BeginCpuAccess | EndCpuAccess | Vmap | Vunmap | Mmap,
}
