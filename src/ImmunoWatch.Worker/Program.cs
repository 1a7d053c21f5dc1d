using ImmunoWatch.Worker.Cli;

return await ImmunoWatchCli.RunAsync(args);
