using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PluggableDmaBuf.Core.Allocation;
using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Fences;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Host.Configuration;
using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.Host.Faults;
using PluggableDmaBuf.Host.Hosting;
using PluggableDmaBuf.Host.Output;
using PluggableDmaBuf.Host.Pipeline;
using PluggableDmaBuf.Host.Pipeline.Graph;
using PluggableDmaBuf.Host.Plugins;
using Spectre.Console;

namespace PluggableDmaBuf.Host.Cli;

/// <summary><c>pdmabuf run [PIPELINE]</c> (the default command): plans and runs a pipeline graph and reports it.</summary>
internal static class RunCommand
{
    /// <summary>The exit code after Ctrl+C: the shell's 128 + SIGINT.</summary>
    public const int InterruptedExitCode = 130;

    public static Command Create(CliContext context)
    {
        var common = new CommonOptions(context);
        var pipeline = new Argument<string?>("pipeline")
        {
            Description = "The pipeline, gst-launch style (default: video0:capture ! gpu0:convert ! display0:primary; see docs/pipelines.md).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        pipeline.Validators.Add(result =>
        {
            // An unknown option would otherwise be taken for the description.
            if (result.Tokens is [{ Value: ['-', ..] value }])
            {
                result.AddError($"Unrecognized command or argument '{value}'.");
            }
        });
        var frames = new Option<int?>("--frames") { Description = "Frames to process (default 300).", HelpName = "N", CustomParser = CliParsers.WholeNumber };
        var size = new Option<string?>("--size") { Description = "Frame size WIDTHxHEIGHT for sources without their own (default 1920x1080; a .y4m source brings its own).", HelpName = "WxH" };
        var source = new Option<string?>("--source") { Description = "Sets property source of the pipeline's sources: testpattern[:smpte|ball] or a .y4m file (4:2:0 8-bit).", HelpName = "SOURCE" };
        var allocator = new Option<string?>("--allocator") { Description = "auto (the central allocator when a plugin registers one), central or exporter.", HelpName = "KIND" };
        allocator.AcceptOnlyFromAmong("auto", "central", "exporter");
        var previewAt = new Option<int?>("--preview-at") { Description = "Adds the branch <first source>. ! display0:overlay start-at=N (the hot-plug case).", HelpName = "N", CustomParser = CliParsers.WholeNumber };
        var outDir = new Option<string?>("--out") { Description = "Folder for snapshots (default out/).", HelpName = "DIR" };
        var report = new Option<string?>("--report") { Description = "Write the JSON run report to FILE.", HelpName = "FILE" };
        var snapshotEvery = new Option<int?>("--snapshot-every") { Description = "Sets property snapshot-every of the elements that have it: a PNG snapshot every N frames.", HelpName = "N", CustomParser = CliParsers.WholeNumber };
        var json = new Option<bool>("--json") { Description = "Print the JSON run report on stdout instead of the summary." };
        var copyBetweenStages = new Option<bool>("--copy-between-stages")
        {
            Description = "The copy baseline: every link copies each frame into a buffer of each consumer's own, as a framework without sharing would (counted in bytes copied).",
        };
        var command = new Command("run", "Run a pipeline (the default command; default pipeline video0:capture ! gpu0:convert ! display0:primary).");
        common.AddTo(command);
        command.Arguments.Add(pipeline);
        foreach (var option in new Option[] { frames, size, source, allocator, previewAt, outDir, report, snapshotEvery, json, copyBetweenStages })
        {
            command.Options.Add(option);
        }

        foreach (var option in new Option[] { size, source, outDir, report })
        {
            CliParsers.NotEmpty(option);
        }

        command.SetAction((parse, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            void Set(string key, object? value)
            {
                if (value is not null)
                {
                    overrides[$"{PipelineOptions.Section}:{key}"] = Convert.ToString(value, CultureInfo.InvariantCulture);
                }
            }

            Set(nameof(PipelineOptions.Frames), parse.GetValue(frames));
            Set(nameof(PipelineOptions.Size), parse.GetValue(size));
            Set(nameof(PipelineOptions.Source), parse.GetValue(source));
            Set(nameof(PipelineOptions.Allocator), parse.GetValue(allocator));
            Set(nameof(PipelineOptions.PreviewAt), parse.GetValue(previewAt));
            Set(nameof(PipelineOptions.Out), parse.GetValue(outDir));
            Set(nameof(PipelineOptions.SnapshotEvery), parse.GetValue(snapshotEvery));
            Set(nameof(PipelineOptions.CopyBetweenStages), parse.GetValue(copyBetweenStages) ? true : null);
            return RunAsync(context, common.ToSettings(parse, overrides), parse.GetValue(pipeline), parse.GetValue(report), parse.GetValue(json),
                cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, HostSettings settings, string? description, string? reportPath, bool json,
        CancellationToken cancellationToken)
    {
        var timeline = context.Timeline;
        timeline.Mark("command parsed");
        await using var app = PdmabufApp.Build(settings, timeline: timeline);
        var options = app.Services.GetRequiredService<IOptions<PipelineOptions>>().Value;
        var (width, height) = options.Validate();
        OutputPaths.CheckOutFolder(options.Out);
        if (reportPath is not null)
        {
            OutputPaths.CheckReportFile(reportPath);
        }

        var plan = Plan(app, options, description, new StreamCaps(width, height));
        var faults = app.Services.GetRequiredService<IOptions<FaultOptions>>().Value;
        faults.CheckAgainst(plan);
        var core = app.Services.GetRequiredService<DmaBufCore>();
        app.Plugins.LiveBuffers = core.LiveBufferCount;
        var chosen = ChooseAllocator(app, options.Allocator, core);
        using var allocator = faults.HeapExhaustedAt is { } exhaustedAt ? new ExhaustingAllocator(chosen, exhaustedAt) : chosen;
        timeline.Mark("planned");

        // The host's console lifetime takes SIGTERM (and SIGINT) from the runtime and only stops the
        // application, so the run must follow ApplicationStopping or `kill` would be ignored.
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.Interrupted,
            app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        RunOutcome outcome;
        try
        {
            await app.Host.StartAsync(cancellationToken).ConfigureAwait(false);
            timeline.Mark("host started");
            var runner = new PipelineRunner(allocator, core, app.Services.GetRequiredService<ILoggerFactory>(), faults, timeline);
            var run = Task.Factory.StartNew(() => runner.Run(plan, interrupt.Token), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await ShowProgressAsync(context, run, () => runner.Recorder?.FramesDone ?? 0, plan.Frames).ConfigureAwait(false);
            outcome = await run.ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            allocator.Dispose();
            await app.Host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            timeline.Mark("host stopped");
        }

        var leaks = core.Accounting.Leaks();
        timeline.Mark("report");
        var report = BuildReport(app, allocator, outcome, leaks.Count, core, reportPath, options.CopyBetweenStages, timeline);
        if (json)
        {
            context.Out.WriteLine(RunReport.ToJson(report));
        }
        else
        {
            RunSummary.Write(context, report);
        }

        // After the summary: a report that cannot be written (a full disk) must not lose it.
        var reportFailure = reportPath is null ? null : OutputPaths.TryWriteReport(reportPath, RunReport.ToJson(report));
        if (reportFailure is not null)
        {
            context.Error.WriteLine(reportFailure);
        }

        foreach (var leak in leaks)
        {
            context.Error.WriteLine($"leak: {leak}");
        }

        foreach (var join in report.LateJoins.Where(j => j.Outcome == "refused"))
        {
            context.Error.WriteLine($"late join of {join.Stage} refused at frame {join.AtFrame}: {join.Message}");
        }

        return outcome.Failure switch
        {
            null => leaks.Count == 0 && reportFailure is null ? ExitCodes.Success : ExitCodes.RuntimeFailure,
            OperationCanceledException => ReportInterrupted(context, outcome),
            _ => throw Rethrow(outcome.Failure),
        };
    }

    private static int ReportInterrupted(CliContext context, RunOutcome outcome)
    {
        context.Error.WriteLine($"interrupted after {outcome.Recorder.FramesDone} frames; every buffer was released");
        return InterruptedExitCode;
    }

    /// <summary>Lets the CLI's error handling map the stage's failure to its exit code and one line.</summary>
    private static Exception Rethrow(Exception failure) => failure is DmaBufException ? failure
        : new PipelineFailureException($"the pipeline failed: {failure.GetType().Name}: {failure.Message}", failure);

    /// <summary>The description (the argument, else <c>Pipeline:Graph</c>) parsed, the sugar applied, checked and bound.</summary>
    internal static PipelinePlan Plan(PdmabufApp app, PipelineOptions options, string? description, StreamCaps defaultCaps)
    {
        var source = description is null ? $"{PipelineOptions.Section}:{nameof(PipelineOptions.Graph)}" : PipelineGraphParser.CommandLineSource;
        var graph = PipelineGraphParser.Parse(description ?? options.Graph, source);
        if (options.PreviewAt is { } at)
        {
            graph = PlanBuilder.WithPreview(graph, at);
        }

        var catalog = new StageCatalog(app.Services.GetServices<PipelineStage>(), app.Plugins);
        return PlanBuilder.Build(graph, source, catalog, app.Services.GetServices<PipelineStage>(), app.Plugins, app.Configuration, options, defaultCaps);
    }

    /// <summary>The allocator by its registration (a plugin's <c>AddCentralAllocator</c>), or the host's exporter fallback.</summary>
    private static IBufferAllocator ChooseAllocator(PdmabufApp app, string kind, DmaBufCore core)
    {
        var central = app.Services.GetServices<IBufferAllocator>().ToArray();
        if (central.Length > 1)
        {
            throw new PluginFailureException("allocator", $"{central.Length} plugins register a central allocator; keep one");
        }

        var exporter = new ExporterAllocator(core, app.Services.GetRequiredService<IDeviceRegistry>());
        switch (kind)
        {
            case "exporter":
                return exporter;
            case "central" when central.Length == 0:
                var failed = app.Plugins.Failed.Select(p => $"{p.Name}: {p.Error}").ToArray();
                throw new PluginFailureException("allocator", "--allocator central: no loaded plugin registers a central allocator" +
                    (failed.Length > 0 ? $" (failed plugins: {string.Join("; ", failed)})" : ""));
            default:
                return central.Length == 1 ? central[0] : exporter;
        }
    }

    private static async Task ShowProgressAsync(CliContext context, Task run, Func<int> framesDone, int frames)
    {
        if (!context.Interactive || await Task.WhenAny(run, Task.Delay(1000)).ConfigureAwait(false) == run)
        {
            return;
        }

        await context.Console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("frames", maxValue: frames);
                while (!run.IsCompleted)
                {
                    task.Value = framesDone();
                    await Task.WhenAny(run, Task.Delay(100)).ConfigureAwait(false);
                }

                task.Value = framesDone();
            }).ConfigureAwait(false);
    }

    private static RunReport BuildReport(PdmabufApp app, IBufferAllocator allocator, RunOutcome outcome, int leaks, DmaBufCore core, string? reportPath,
        bool copyBetweenStages, StartupTimeline timeline)
    {
        var framesDone = outcome.Recorder.FramesDone;
        var seconds = outcome.Elapsed.TotalSeconds;
        var outputs = outcome.Recorder.Outputs.ToList();
        if (reportPath is not null)
        {
            outputs.Add(Path.GetFullPath(reportPath));
        }

        return new RunReport
        {
            Allocator = allocator.Kind,
            Frames = framesDone,
            Width = outcome.Width,
            Height = outcome.Height,
            Seconds = Math.Round(seconds, 3),
            Fps = seconds > 0 ? Math.Round(framesDone / seconds, 1) : 0,
            BytesCopied = core.Accounting.BytesCopied + outcome.BytesCopiedBetweenStages,
            CopyBetweenStages = copyBetweenStages,
            Timings = timeline.Marks,
            Stages = outcome.Stages ?? [],
            Migrations = core.Accounting.Migrations,
            Leaks = leaks,
            AllocatedBytesPerFrame = Math.Round(outcome.AllocatedBytesPerFrame, 1),
            Buffers = outcome.Buffers.Select(b => new BufferReport(b.Name, b.Exporter, b.Heap ?? "(not placed)", b.Size, b.Format, b.Modifier, b.Width, b.Height,
                b.Planes.Select(p => new PlaneReport(p.Offset, p.Pitch)).ToArray(), b.Segments, b.Attachments, b.BytesCopied, b.Migrations)).ToArray(),
            Values = outcome.Recorder.Values(),
            Outputs = outputs,
            Plugins = app.Plugins.Plugins.Select(p => new PluginReport(p.Name, p.Version, p.Error)).ToArray(),
            LateJoins = outcome.LateJoins,
        };
    }
}
