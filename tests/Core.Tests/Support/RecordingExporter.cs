namespace PluggableDmaBuf.Core.Tests.Support;

/// <summary>An exporter that provides every callback and records the calls in order.</summary>
internal sealed class RecordingExporter(string name = "recorder") : DmaBufExporter(name)
{
    private readonly List<string> _calls = [];

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.ToArray();
            }
        }
    }

    public override void Map(DmaBufMapping mapping) => Record($"map {mapping.Attachment.Device.Name} {mapping.Direction}");

    public override void Unmap(DmaBufMapping mapping) => Record($"unmap {mapping.Attachment.Device.Name}");

    public override void Release(IDmaBuf buffer) => Record("release");

    public override void Attach(DmaBufAttachment attachment) => Record($"attach {attachment.Device.Name}");

    public override void Detach(DmaBufAttachment attachment) => Record($"detach {attachment.Device.Name}");

    /// <summary>Runs inside the exporter's begin callback, to observe what held at that moment.</summary>
    public Action? OnBeginCpuAccess { get; init; }

    public override void BeginCpuAccess(IDmaBuf buffer, CpuAccessMode mode)
    {
        OnBeginCpuAccess?.Invoke();
        Record($"begin {mode}");
    }

    public override void EndCpuAccess(IDmaBuf buffer, CpuAccessMode mode) => Record($"end {mode}");

    public override void Vmap(IDmaBuf buffer) => Record("vmap");

    public override void Vunmap(IDmaBuf buffer) => Record("vunmap");

    public override void Mmap(IDmaBuf buffer) => Record("mmap");

    private void Record(string call)
    {
        lock (_calls)
        {
            _calls.Add(call);
        }
    }
}
