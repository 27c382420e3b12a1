using System.Collections.Concurrent;
using System.Reflection;

namespace PluggableDmaBuf;

/// <summary>
/// The exporter's callback table (Linux's <c>dma_buf_ops</c>): what the framework asks the plugin
/// that owns a buffer at each transition of its lifecycle (see <see cref="IDmaBuf"/>). The framework owns the bytes
/// (storage), the placement, the scatter-gather tables, IOMMU address spaces and bounce buffers; the
/// exporter is told about every transition, may refuse one by throwing, and frees what it attached
/// to the buffer in <see cref="Release"/>.
/// </summary>
/// <remarks>
/// <para><b>Required and optional.</b> <see cref="Map"/>, <see cref="Unmap"/> and <see cref="Release"/>
/// are required; the others are optional and do nothing by default. Which callbacks an exporter
/// provides is <see cref="Operations"/>: by default, the callbacks its concrete type overrides (so a
/// plain subclass provides the three abstract ones). An exporter built around a table of delegates,
/// or a proxy, declares its set by overriding <see cref="Operations"/>; one that leaves out a required
/// callback is refused at export with <see cref="ExporterContractException"/> (<see cref="IDmaBuf">lifecycle invariant</see> 1), and an
/// optional callback it leaves out is never called.</para>
/// <para><b>When each runs.</b> <see cref="Attach"/>/<see cref="Detach"/> on every attach and detach;
/// <see cref="Map"/> when an attachment becomes mapped (its first map; the cached mapping is reused
/// by later maps in a compatible direction) and <see cref="Unmap"/> when its last map is undone;
/// <see cref="Vmap"/>/<see cref="Vunmap"/> only on the kernel-style mapping count going 0→1 and 1→0
/// (<see cref="IDmaBuf">lifecycle invariant</see> 9); <see cref="Mmap"/> on every <see cref="IDmaBuf.Mmap"/>; <see cref="BeginCpuAccess"/>
/// and <see cref="EndCpuAccess"/> around every CPU access; <see cref="Release"/> exactly once, after
/// the last reference is dropped, before the framework frees the storage.</para>
/// <para><b>Threading.</b> Callbacks run on the thread doing the operation, never under the
/// buffer's lock: a callback may use the same buffer, from its own thread or by waiting for another
/// thread that does. The framework orders what must be ordered — an attachment's
/// <see cref="Attach"/> before its first <see cref="Map"/>, its <see cref="Unmap"/> before its
/// <see cref="Detach"/>, one <see cref="Vmap"/> or <see cref="Vunmap"/> at a time, <see cref="Release"/>
/// after every other callback of the buffer has returned — and otherwise callbacks of one buffer may
/// run concurrently on different threads (two attachments mapped at once, two CPU accesses), so an
/// exporter's own state must be thread safe. The handles a callback receives are valid during the
/// call (a mapping's table and bytes can be read in <see cref="Map"/> and <see cref="Unmap"/>).</para>
/// <para><b>Failure.</b> An exception thrown by <see cref="Attach"/>, <see cref="Map"/>,
/// <see cref="Vmap"/>, <see cref="Mmap"/> or <see cref="BeginCpuAccess"/> refuses the operation:
/// the framework undoes what it prepared and rethrows. Exceptions from the other callbacks propagate
/// after the framework has completed the transition (a release still frees the storage).</para>
/// </remarks>
public abstract class DmaBufExporter
{
    private static readonly ConcurrentDictionary<Type, DmaBufOperations> s_overrides = new();

    /// <summary>Creates the exporter.</summary>
    /// <param name="name">The exporter's name as buffer listings show it (by convention the exporting device's name).</param>
    protected DmaBufExporter(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The exporter's name; <see cref="IDmaBuf.Exporter"/> of every buffer it exports.</summary>
    public string Name { get; }

    /// <summary>
    /// The callbacks this exporter provides. By default those its concrete type overrides; override
    /// to declare a set explicitly. Read once, at export.
    /// </summary>
    public virtual DmaBufOperations Operations => s_overrides.GetOrAdd(GetType(), DetectOverrides);

    /// <summary>Required. An attachment becomes mapped; the mapping's scatter-gather table is ready.</summary>
    /// <param name="mapping">The new mapping.</param>
    public abstract void Map(DmaBufMapping mapping);

    /// <summary>Required. An attachment's last map is undone; the mapping is still readable.</summary>
    /// <param name="mapping">The mapping going away.</param>
    public abstract void Unmap(DmaBufMapping mapping);

    /// <summary>Required. The last reference is gone: free what the exporter holds for the buffer. Runs exactly once.</summary>
    /// <param name="buffer">The buffer being released; its bytes are still there during the call.</param>
    public abstract void Release(IDmaBuf buffer);

    /// <summary>Optional. A device attaches; throw to refuse it.</summary>
    /// <param name="attachment">The new attachment.</param>
    public virtual void Attach(DmaBufAttachment attachment)
    {
    }

    /// <summary>Optional. A device detaches.</summary>
    /// <param name="attachment">The attachment going away.</param>
    public virtual void Detach(DmaBufAttachment attachment)
    {
    }

    /// <summary>Optional. The CPU is about to access the bytes (flush or invalidate caches here).</summary>
    /// <param name="buffer">The buffer.</param>
    /// <param name="mode">Read, write or both.</param>
    public virtual void BeginCpuAccess(IDmaBuf buffer, CpuAccessMode mode)
    {
    }

    /// <summary>Optional. The CPU is done with the bytes.</summary>
    /// <param name="buffer">The buffer.</param>
    /// <param name="mode">The mode access began with.</param>
    public virtual void EndCpuAccess(IDmaBuf buffer, CpuAccessMode mode)
    {
    }

    /// <summary>Optional. The first kernel-style CPU mapping of the buffer is made (count 0→1).</summary>
    /// <param name="buffer">The buffer.</param>
    public virtual void Vmap(IDmaBuf buffer)
    {
    }

    /// <summary>Optional. The last kernel-style CPU mapping goes away (count 1→0).</summary>
    /// <param name="buffer">The buffer.</param>
    public virtual void Vunmap(IDmaBuf buffer)
    {
    }

    /// <summary>Optional. A process-style mapping of the buffer's file is made (every <see cref="IDmaBuf.Mmap"/>).</summary>
    /// <param name="buffer">The buffer.</param>
    public virtual void Mmap(IDmaBuf buffer)
    {
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private static DmaBufOperations DetectOverrides(Type type)
    {
        var operations = DmaBufOperations.None;
        foreach (var operation in Enum.GetValues<DmaBufOperations>())
        {
            if (operation is DmaBufOperations.None or DmaBufOperations.Required or DmaBufOperations.All)
            {
                continue;
            }

            var method = Array.Find(typeof(DmaBufExporter).GetMethods(BindingFlags.Public | BindingFlags.Instance),
                m => m.Name == operation.ToString() && m.DeclaringType == typeof(DmaBufExporter))!;
            var parameters = Array.ConvertAll(method.GetParameters(), p => p.ParameterType);
            var actual = type.GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance, parameters);
            if (actual is not null && actual.DeclaringType != typeof(DmaBufExporter) && !actual.IsAbstract)
            {
                operations |= operation;
            }
        }

        return operations;
    }
}
