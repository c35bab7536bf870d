using Bootemu.Cli;

return CliRunner.Run(BootemuRoot.Create(), args);
