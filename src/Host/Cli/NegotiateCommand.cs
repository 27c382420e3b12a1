using System.CommandLine;
using PluggableDmaBuf.Core.Negotiation;
using PluggableDmaBuf.Host.Negotiation;

namespace PluggableDmaBuf.Host.Cli;

/// <summary><c>pdmabuf negotiate FILE [--json]</c>: a dry-run negotiation (<c>spec/negotiate.md</c>).</summary>
internal static class NegotiateCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE")
        {
            Description = "A JSON file describing the devices and the buffer request (see spec/negotiate.md).",
        };
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object on stdout." };

        // The request file describes every device and heap, so negotiate loads no plugins and reads no
        // configuration; --verbose, which every command takes, shows an internal error's stack trace.
        var verbose = new Option<bool>("--verbose") { Description = "Show the stack trace of an internal error." };
        var command = new Command("negotiate",
            "Dry-run negotiation: can these devices share one buffer, and where would it be placed? " +
            "Exit codes: 0 placed, 2 bad input, 3 conflict.")
        {
            file,
            json,
            verbose,
        };
        command.SetAction(parse => Run(context, parse.GetValue(file)!, parse.GetValue(json)));
        return command;
    }

    internal static int Run(CliContext context, string file, bool json)
    {
        var input = NegotiateInputReader.ReadFile(file);
        NegotiationResult result;
        try
        {
            result = NegotiationEngine.Instance.Negotiate(input.Request, input.Devices, input.Memory.Heaps);
        }
        catch (InvalidConstraintException e)
        {
            throw new Errors.BadInputException(e.Property, e.Reason, e);
        }

        if (json)
        {
            context.Out.WriteLine(NegotiateOutput.ToJson(result));
        }
        else if (result.Succeeded)
        {
            NegotiateOutput.WriteHuman(context.Console, result);
        }
        else
        {
            context.Error.WriteLine(NegotiateOutput.HumanConflict(result.Conflict));
        }

        return result.Succeeded ? ExitCodes.Success : ExitCodes.NegotiationConflict;
    }
}
