import SwarmModel
