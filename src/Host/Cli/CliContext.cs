using PluggableDmaBuf.Host.Hosting;
using Spectre.Console;

namespace PluggableDmaBuf.Host.Cli;

/// <summary>Where a command writes: stdout, stderr and a Spectre console over stdout. Tests pass string writers.</summary>
internal sealed class CliContext
{
    public CliContext(TextWriter @out, TextWriter error, bool interactive)
    {
        Out = @out;
        Error = error;
        Interactive = interactive;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(@out),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive)
        {
            // Redirected output has no width; 80 columns would wrap the tables into unreadable slivers.
            Console.Profile.Width = 200;
        }
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>Whether stdout is a terminal (progress bars and colours only then).</summary>
    public bool Interactive { get; }

    public IAnsiConsole Console { get; }

    /// <summary>Cancelled when the process is asked to stop (SIGINT, SIGTERM); never, in tests that do not set it.</summary>
    public CancellationToken Interrupted { get; init; }

    /// <summary>Where the command's time goes (the run report's <c>timings</c>); from the process's start for the real process.</summary>
    public StartupTimeline Timeline { get; init; } = StartupTimeline.SinceNow();

    /// <summary>
    /// Whether the command is the process's only one (the real process, not a test running commands in its own): the
    /// plugins it loads then live until the process exits (<see cref="HostSettings.CollectiblePlugins"/> off).
    /// </summary>
    public bool OwnsProcess { get; init; }

    /// <summary>Why writing to stdout failed (it is full or closed), or <c>null</c>.</summary>
    public string? OutFailure => (Out as GuardedWriter)?.Failure;

    /// <summary>The process's stdout and stderr, guarded: a full or closed stream never crashes a command.</summary>
    public static CliContext ForProcess(CancellationToken interrupted, StartupTimeline timeline) =>
        new(new GuardedWriter(System.Console.Out, "stdout"), new GuardedWriter(System.Console.Error, "stderr"),
            !System.Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null)
        {
            Interrupted = interrupted,
            Timeline = timeline,
            OwnsProcess = true,
        };
}
