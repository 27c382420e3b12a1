using System.CommandLine;
using System.CommandLine.Help;
using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Cli;

/// <summary>
/// The <c>pdmabuf</c> command line: builds the commands, runs one, and turns every expected failure
/// into one line on stderr and an exit code. A bug is one line too (exit 1, "internal error"); its
/// stack trace shows only with <c>--verbose</c>.
/// </summary>
internal static class Pdmabuf
{
    public static int Run(string[] args, CliContext context)
    {
        var code = Dispatch(args, context);
        if (context.OutFailure is { } failure)
        {
            // The command's own outcome stands when it failed; a run that worked but could not
            // print its result did not do what was asked.
            context.Error.WriteLine($"pdmabuf: cannot write to stdout: {failure}");
            return code == ExitCodes.Success ? ExitCodes.RuntimeFailure : code;
        }

        return code;
    }

    private static int Dispatch(string[] args, CliContext context)
    {
        var verbose = args.Contains("--verbose");
        // A plain Command rather than RootCommand: RootCommand names itself after the executable, which
        // may be a renamed copy or the tool shim, while the help must always say pdmabuf.
        var root = new Command("pdmabuf",
            "pdmabuf - share buffers between plugin-loaded subsystems without copying, the dma-buf way.")
        {
            new HelpOption(),
            new VersionOption(),
            InspectCommand.Create(context),
            NegotiateCommand.Create(context),
            PluginsCommand.Create(context),
            RunCommand.Create(context),
        };
        var parse = root.Parse(DefaultToRun(args, root));
        if (parse.Errors.Count > 0)
        {
            // One line (some parser messages list the allowed values one per line), every mistake, and
            // where the help is.
            var command = parse.CommandResult.Command == root ? "pdmabuf" : $"pdmabuf {parse.CommandResult.Command.Name}";
            var errors = string.Join("; ", parse.Errors.Select(e => s_lineBreak.Replace(e.Message, " ").TrimEnd('.')));
            context.Error.WriteLine($"pdmabuf: {errors} (see '{command} --help')");
            return ExitCodes.BadInput;
        }

        try
        {
            // Signals are the host's own (ProcessSignals, from the first line of Main): the parser's
            // handler would start later and end the process 2 s after a signal, cutting the clean-up short.
            return parse.Invoke(new InvocationConfiguration
            {
                Output = context.Out,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (Exception e) when (e is BadInputException or InvalidMediaException or InvalidConstraintException)
        {
            context.Error.WriteLine(ErrorText.Line(e.Message));
            return ExitCodes.BadInput;
        }
        catch (Plugins.PluginFailureException e)
        {
            context.Error.WriteLine(ErrorText.Line(e.Message));
            return ExitCodes.PluginFailure;
        }
        catch (BufferPlacementConflictException e)
        {
            context.Error.WriteLine(ErrorText.Line(e.Message));
            return ExitCodes.NegotiationConflict;
        }
        catch (DmaBufException e)
        {
            context.Error.WriteLine(ErrorText.Line(e.Message));
            if (verbose)
            {
                context.Error.WriteLine(e.ToString());
            }

            return ExitCodes.RuntimeFailure;
        }
        catch (OperationCanceledException) when (context.Interrupted.IsCancellationRequested)
        {
            context.Error.WriteLine("pdmabuf: interrupted");
            return RunCommand.InterruptedExitCode;
        }
        catch (Exception e)
        {
            // A bug, ours or a plugin's, that no layer turned into a domain error: still one line (the
            // operator's terminal or log is not flooded), the stack trace only on request.
            context.Error.WriteLine($"pdmabuf: internal error: {e.GetType().Name}: {s_lineBreak.Replace(e.Message, " ")}" +
                (verbose ? "" : " (--verbose shows where)"));
            if (verbose)
            {
                context.Error.WriteLine(e.ToString());
            }

            return ExitCodes.RuntimeFailure;
        }
    }

    private static readonly System.Text.RegularExpressions.Regex s_lineBreak =
        new(@"\s*[\r\n]+\s*", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary><c>run</c> is the default command: no arguments, options only, or a pipeline description (<c>device:stage …</c>) first, run the pipeline.</summary>
    private static string[] DefaultToRun(string[] args, Command root) =>
        args.Length == 0 || (args[0].StartsWith('-') && args[0] is not ("-h" or "--help" or "-?" or "--version")) ||
        (args[0].Contains(':', StringComparison.Ordinal) && !root.Subcommands.Any(c => c.Name == args[0]))
            ? ["run", .. args]
            : args;
}
