using PluggableDmaBuf.Pipeline;
using PluggableDmaBuf.Testing.Buffers;

namespace PluggableDmaBuf.Testing.Harness;

/// <summary>One run of a <see cref="StageHarness"/>: the host's order of calls and buffer work, on one thread.</summary>
internal sealed class HarnessRun : IDisposable
{
    private const string HarnessDeviceName = "harness";
    private readonly StageHarness _harness;
    private readonly PipelineStage[] _stages;
    private readonly Dictionary<PipelineStage, List<KeyValuePair<string, string>>> _options;
    private readonly LinkCaps? _inputCaps;
    private readonly StageInputWriter? _inputWriter;
    private readonly CancellationTokenSource _stop;
    private readonly FakeDmaBufFactory _factory;
    private readonly HarnessStageContext?[] _contexts;
    private readonly IFenceTimeline[] _timelines;
    private readonly HarnessLink?[] _inputs;
    private readonly HarnessLink?[] _outputs;
    private readonly List<StageCallback> _callbacks = [];
    private readonly List<string> _reported = [];
    private readonly List<Exception> _completeErrors = [];
    private readonly Dictionary<PipelineStage, List<byte[]>> _bytes = [];
    private readonly Dictionary<PipelineStage, List<long>> _allocated = [];
    private readonly HashSet<IDmaBuf> _before;
    private readonly string _outputDirectory;

    public HarnessRun(StageHarness harness, PipelineStage[] stages, Dictionary<PipelineStage, List<KeyValuePair<string, string>>> options,
        LinkCaps? inputCaps, StageInputWriter? inputWriter, CancellationToken cancellationToken)
    {
        _harness = harness;
        _stages = stages;
        _options = options;
        _inputCaps = inputCaps;
        _inputWriter = inputWriter;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _factory = harness.Factory;
        _contexts = new HarnessStageContext?[stages.Length];
        _timelines = [.. stages.Select(s => _factory.Fences.CreateTimeline(s.Id))];
        _inputs = new HarnessLink?[stages.Length];
        _outputs = new HarnessLink?[stages.Length];
        _before = [.. _factory.LiveBuffers];
        _outputDirectory = harness.OutputDirectory ?? Path.Combine(Path.GetTempPath(), "pdmabuf-harness-" + Guid.NewGuid().ToString("N"));
        foreach (var stage in stages)
        {
            _allocated[stage] = [];
            if (stage.Output is not null)
            {
                _bytes[stage] = [];
            }
        }
    }

    public StageRunResult Execute()
    {
        Exception? failure = null;
        var completed = false;
        try
        {
            Configure();
            FailIfAsked(StageCallbackKind.Configure);
            ResolveCaps();
            FailIfAsked(StageCallbackKind.ResolveOutput);
            Directory.CreateDirectory(_outputDirectory);
            CreateLinks();
            for (var i = 0; i < _stages.Length; i++)
            {
                Call(i, StageCallbackKind.Start, () => _stages[i].Start(_contexts[i]!));
            }

            FailIfAsked(StageCallbackKind.Start);

            RunFrames();
            completed = true;
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            for (var i = 0; i < _stages.Length; i++)
            {
                if (_contexts[i] is { } context)
                {
                    try
                    {
                        Call(i, StageCallbackKind.Complete, () => _stages[i].Complete(context, completed), completed: completed);
                    }
                    catch (Exception e)
                    {
                        _completeErrors.Add(e);
                        failure ??= e;
                    }
                }
            }

            TearDown(ref failure);
        }

        var files = ReadReported();
        var leaks = _factory.LiveBuffers.Where(b => !_before.Contains(b)).OfType<FakeDmaBuf>().Select(b => b.DescribeHeld()).OfType<string>().ToArray();
        return new StageRunResult(_stages, failure, completed && failure is null, [.. _callbacks],
            _bytes.ToDictionary(p => p.Key, p => (IReadOnlyList<byte[]>)[.. p.Value]),
            Enumerable.Range(0, _stages.Length).ToDictionary(i => _stages[i], i => _contexts[i]?.Recorded() ?? []),
            _allocated.ToDictionary(p => p.Key, p => p.Value.ToArray()),
            Enumerable.Range(0, _stages.Length).ToDictionary(i => _stages[i], i => (_contexts[i]?.InputCaps, _contexts[i]?.OutputCaps)),
            [.. _reported], files, [.. _completeErrors], leaks, _factory.Guard.Violations, _harness.OutputDirectory);
    }

    /// <summary>The reported files' bytes; a folder the harness made for the run is deleted afterwards, so that tests leave nothing behind.</summary>
    private Dictionary<string, byte[]> ReadReported()
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in _reported.Distinct(StringComparer.Ordinal))
        {
            if (File.Exists(path))
            {
                files[path] = File.ReadAllBytes(path);
            }
        }

        if (_harness.OutputDirectory is null && Directory.Exists(_outputDirectory))
        {
            Directory.Delete(_outputDirectory, recursive: true);
        }

        return files;
    }

    public void Dispose() => _stop.Dispose();

    private void FailIfAsked(StageCallbackKind after)
    {
        if (_harness.FailAfter == after)
        {
            throw new SimulatedFailureException($"the harness failed the run after {after}, as another element of a pipeline could");
        }
    }

    private void Configure()
    {
        for (var i = 0; i < _stages.Length; i++)
        {
            var stage = _stages[i];
            var options = StageOptions.Bind(stage.Properties, _options.TryGetValue(stage, out var values) ? values : null);
            var context = new HarnessStageContext(stage, _harness.Frames, _harness.DefaultCaps, _outputDirectory, options,
                _harness.Loggers?.CreateLogger("PluggableDmaBuf.Stages." + stage.Id), _reported);
            Call(i, StageCallbackKind.Configure, () => stage.Configure(context));
            _contexts[i] = context;
        }
    }

    /// <summary>From the source to the sink, as the host settles caps before any buffer exists.</summary>
    private void ResolveCaps()
    {
        if (_inputCaps is { } given)
        {
            if (!_stages[0].Input!.ModifiersFor(given.Format).Contains(given.Modifier, StringComparer.Ordinal))
            {
                throw new BufferPlacementConflictException(new NegotiationConflict(ConstraintKind.Format, [_stages[0].Device.Name],
                    $"the harness's input {given} is not taken by {_stages[0].Id}, which takes {_stages[0].Input}"));
            }

            _contexts[0]!.InputCaps = given;
        }

        for (var i = 0; i < _stages.Length; i++)
        {
            var stage = _stages[i];
            if (stage.Output is null)
            {
                continue;
            }

            var context = _contexts[i]!;
            StreamCaps stream = null!;
            Call(i, StageCallbackKind.ResolveOutput, () => stream = stage.ResolveOutput(context, context.InputCaps));
            var consumer = i + 1 < _stages.Length ? _stages[i + 1] : null;
            context.OutputCaps = LinkCapsResolver.Resolve(consumer is null ? $"{stage.Id}\u2192(none)" : $"{stage.Id}\u2192{consumer.Id}", stage, consumer is null ? [] : [consumer], stream);
            if (consumer is not null)
            {
                _contexts[i + 1]!.InputCaps = context.OutputCaps;
            }
        }
    }

    private void CreateLinks()
    {
        var depth = _harness.LinkDepth;
        if (_inputCaps is { } caps)
        {
            var device = new DeviceDescription(HarnessDeviceName, formats: [new FormatSupport(caps.Format, [caps.Modifier])]);
            var first = _stages[0];
            var request = BufferRequest.ForImage(caps.Width, caps.Height, [caps.Format], HarnessDeviceName, [first.Device.Name], first.Input!.Usage)
                .WithModifier(caps.Modifier);
            _inputs[0] = MakeLink($"harness\u2192{first.Id}", depth, s => _factory.Export(request, device, $"harness\u2192{first.Id} #{s}", null, [first.Device]),
                producer: null, first.Device);
        }

        for (var i = 0; i < _stages.Length; i++)
        {
            var stage = _stages[i];
            if (stage.Output is null)
            {
                continue;
            }

            var caps2 = _contexts[i]!.OutputCaps!;
            var consumer = i + 1 < _stages.Length ? _stages[i + 1] : null;
            var usage = stage.Output.Usage.Concat(consumer?.Input!.Usage ?? []).Distinct(StringComparer.Ordinal).ToArray();
            var request = BufferRequest.ForImage(caps2.Width, caps2.Height, [caps2.Format], stage.Device.Name,
                consumer is null ? [] : [consumer.Device.Name], usage).WithModifier(caps2.Modifier);
            var name = $"{stage.Id}\u2192{consumer?.Id ?? "harness"}";
            var exporter = stage.OutputExporter;
            IReadOnlyList<DeviceDescription> importers = consumer is null ? [] : [consumer.Device];
            var link = MakeLink(name, depth, s => _harness.Allocator is { } allocator
                    ? allocator.Allocate(request, $"{name} #{s}", exporter)
                    : _factory.Export(request, stage.Device, $"{name} #{s}", exporter, importers),
                stage.Device, consumer?.Device);
            _outputs[i] = link;
            if (consumer is not null)
            {
                _inputs[i + 1] = link;
            }
        }
    }

    private HarnessLink MakeLink(string name, int depth, Func<int, IDmaBuf> create, DeviceDescription? producer, DeviceDescription? consumer)
    {
        var buffers = new List<IDmaBuf>();
        var producers = new DmaBufAttachment?[depth];
        var consumers = new DmaBufAttachment?[depth];
        try
        {
            for (var s = 0; s < depth; s++)
            {
                var buffer = create(s);
                buffers.Add(buffer);
                _factory.Guard.Guard(buffer);
                producers[s] = producer is null ? null : buffer.Attach(producer);
                consumers[s] = consumer is null ? null : buffer.Attach(consumer);
            }
        }
        catch
        {
            // What was made so far is torn down at once: the link never existed.
            new HarnessLink(name, [.. buffers], producers, consumers).Dispose();
            throw;
        }

        return new HarnessLink(name, [.. buffers], producers, consumers);
    }

    private void RunFrames()
    {
        var ct = _stop.Token;
        for (var frame = 0; frame < _harness.Frames; frame++)
        {
            for (var i = 0; i < _stages.Length; i++)
            {
                ct.ThrowIfCancellationRequested();
                if (i == 0 && _inputCaps is not null)
                {
                    WriteInput(frame);
                }

                ProcessFrame(i, frame, ct);
                if (_outputs[i] is { } output)
                {
                    using var access = output.BufferFor(frame).BeginCpuAccess(CpuAccessMode.Read);
                    _bytes[_stages[i]].Add(access.ReadOnlySpan.ToArray());
                }
            }
        }

        ct.ThrowIfCancellationRequested();
    }

    private void WriteInput(int frame)
    {
        var buffer = _inputs[0]!.BufferFor(frame);
        using var access = buffer.BeginCpuAccess(CpuAccessMode.Write);
        var bytes = access.Span;
        if (_inputWriter is { } writer)
        {
            writer(frame, buffer, bytes);
            return;
        }

        for (var b = 0; b < bytes.Length; b++)
        {
            bytes[b] = (byte)((b * 31) + (frame * 7));
        }
    }

    /// <summary>The host's few lines around a frame: wait, fence, map, process, unmap, signal (with the error if the call threw).</summary>
    private void ProcessFrame(int i, int frame, CancellationToken ct)
    {
        var stage = _stages[i];
        var timeline = _timelines[i];
        var input = _inputs[i];
        var output = _outputs[i];
        IDmaBuf? inBuffer = input?.BufferFor(frame), outBuffer = output?.BufferFor(frame);
        IDmaFence? readFence = null, writeFence = null;
        DmaBufMapping? inMap = null, outMap = null;
        Exception? error = null;
        try
        {
            if (inBuffer is not null)
            {
                inBuffer.Reservation.Wait(FenceUsage.Write, cancellationToken: ct);
                readFence = timeline.CreateFence();
                inBuffer.Reservation.Add(readFence, FenceUsage.Read);
                inMap = input!.ConsumerAttachment(frame)!.Value.Map(DmaDirection.ToDevice);
            }

            if (outBuffer is not null)
            {
                outBuffer.Reservation.Wait(FenceUsage.Read, cancellationToken: ct);
                writeFence = timeline.CreateFence();
                outBuffer.Reservation.Add(writeFence, FenceUsage.Write);
                outMap = output!.ProducerAttachment(frame)!.Value.Map(DmaDirection.FromDevice);
            }

            if (i == 0 && frame == _harness.CancelAtFrame)
            {
                _stop.Cancel();
            }

            var view = new StageFrame(frame,
                inBuffer is null ? default : new StageBuffer(inBuffer, inMap!.Value),
                outBuffer is null ? default : new StageBuffer(outBuffer, outMap!.Value));
            _callbacks.Add(new StageCallback(stage.Id, StageCallbackKind.ProcessFrame, frame));
            _factory.Guard.Arm(stage.Id, inBuffer, outBuffer);
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                stage.ProcessFrame(view, ct);
            }
            finally
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                _factory.Guard.Disarm();
                _allocated[stage].Add(allocated);
            }
        }
        catch (Exception e)
        {
            error = e;
            throw;
        }
        finally
        {
            inMap?.Unmap();
            outMap?.Unmap();
            if (writeFence is not null)
            {
                timeline.Signal(writeFence, error);
            }

            if (readFence is not null)
            {
                timeline.Signal(readFence, error);
            }
        }
    }

    private void Call(int i, StageCallbackKind kind, Action call, bool? completed = null)
    {
        _callbacks.Add(new StageCallback(_stages[i].Id, kind, Completed: completed));
        _factory.Guard.Arm(_stages[i].Id);
        try
        {
            call();
        }
        finally
        {
            _factory.Guard.Disarm();
        }
    }

    private void TearDown(ref Exception? failure)
    {
        foreach (var link in _inputs.Concat(_outputs).OfType<HarnessLink>().Distinct())
        {
            try
            {
                link.Dispose();
            }
            catch (Exception e) when (failure is null)
            {
                failure = e;
            }
        }
    }
}
